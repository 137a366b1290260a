token = "dop_v1_abc"
