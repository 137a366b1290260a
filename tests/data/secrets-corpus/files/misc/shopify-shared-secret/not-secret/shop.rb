SECRET = "shpss_"
