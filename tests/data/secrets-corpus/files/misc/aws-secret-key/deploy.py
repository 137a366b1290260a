aws_secret_access_key = "cllaXI7IV9RX6o9Ts1scwHVqK0HK1J3Q+B+Z2liq"
