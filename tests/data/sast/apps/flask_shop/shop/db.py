"""Data access for the shop; every query goes through here."""

import sqlite3

DATABASE = "shop.db"


def connect():
    return sqlite3.connect(DATABASE)


def find_products(term, order):
    conn = connect()
    sql = "SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY " + order
    return conn.execute(sql, (f"%{term}%",)).fetchall()


def product(product_id):
    conn = connect()
    return conn.execute("SELECT id, name, price FROM products WHERE id = ?", (product_id,)).fetchone()


def log_search(term):
    conn = connect()
    conn.executescript("INSERT INTO searches(term) VALUES ('%s')" % term)
