TOKEN = "shpat_xxx"
