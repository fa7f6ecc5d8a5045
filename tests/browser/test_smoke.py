def test_it_shows_the_vietnamese_login_page(page, live_server):
    page.goto(f"{live_server.url}/")
    assert "Đăng nhập" in page.content()


def test_it_logs_in_a_staff_member(login, staff):
    page = login(staff)
    assert "Cán bộ LĐLĐ tỉnh" in page.text_content("[data-testid=user-menu]")
