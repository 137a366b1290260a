import stripe

stripe.api_key = "sk_test_4VmM1fal1RqTbs09cQBXtzSp"
PASSWORD = "test-password"
TOKEN = "dummy-token-for-tests"
def test_login(client):
    client.login(username="alice", password="secret")
