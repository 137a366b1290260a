def test_backup():
    assert backup("orders") == 0
