import pytest
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


STRANGER, COLLEAGUE, PROXY = "203.0.113.9", "198.51.100.7", "127.0.0.1"
WRONG = {"username": "canbo_tinh", "password": "sai-mat-khau"}
RIGHT = {"username": "canbo_tinh", "password": "matkhau-Thu-nghiem-1"}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = [PROXY]


def test_it_does_not_lock_a_colleague_out_behind_the_proxy(client, staff, behind_proxy):
    """Every request comes from nginx on 127.0.0.1: five wrong passwords from a stranger lock the stranger's
    address for that username, not the colleague logging in from another address."""
    for _ in range(5):
        client.post(LOGIN, WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)
    assert client.post(LOGIN, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER).status_code == 429
    response = client.post(LOGIN, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_it_takes_only_the_address_the_proxy_wrote(client, staff, behind_proxy):
    """With `$proxy_add_x_forwarded_for` nginx appends the real address to what the client sent: a stranger
    who sends a new X-Forwarded-For each time is still the same address."""
    for i in range(5):
        client.post(LOGIN, WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, {STRANGER}")
    assert client.post(LOGIN, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {STRANGER}").status_code == 429


@pytest.mark.parametrize("proxy_count, remote", [(0, PROXY), (1, "192.0.2.50")])
def test_it_ignores_a_forwarded_address_not_from_the_proxy(client, staff, settings, proxy_count, remote):
    """No proxy configured (the default), or a request that does not come from it: X-Forwarded-For is whatever the
    client wrote, so REMOTE_ADDR counts and a new header each time does not dodge the lock-out."""
    settings.TRUSTED_PROXY_COUNT = proxy_count
    settings.FORWARDED_ALLOW_IPS = [PROXY]
    for i in range(5):
        client.post(LOGIN, WRONG, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert client.post(LOGIN, RIGHT, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=COLLEAGUE).status_code == 429


@pytest.mark.parametrize("header, expected", [("", PROXY), ("not-an-address", PROXY), (" 2001:db8::1 ", "2001:db8::1"),
                                              (f"{STRANGER}, 10.0.0.1", "10.0.0.1")])
def test_it_reads_the_client_address(rf, behind_proxy, header, expected):
    from unionreport.core.proxy import client_address

    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)) == expected
