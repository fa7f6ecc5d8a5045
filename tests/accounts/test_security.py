from django.urls import reverse

LOGIN = reverse("accounts:login")


def test_it_logs_in_with_a_vietnamese_form(client, staff):
    html = client.get(LOGIN).content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    response = client.post(LOGIN, {"username": "canbo_tinh", "password": "sai-mat-khau"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(LOGIN, {"username": "canbo_tinh", "password": "matkhau-Thu-nghiem-1"})
    assert response.status_code == 302


def test_it_locks_out_after_five_failures(client, staff):
    for _ in range(5):
        client.post(LOGIN, {"username": "canbo_tinh", "password": "sai-mat-khau"})
    response = client.post(LOGIN, {"username": "canbo_tinh", "password": "matkhau-Thu-nghiem-1"})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_sends_a_content_security_policy(client, staff):
    client.force_login(staff)
    policy = client.get(reverse("organisation:tree"))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_it_requires_login_everywhere(client):
    for url in [reverse("organisation:tree"), reverse("accounts:user_list"), reverse("organisation:create")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
