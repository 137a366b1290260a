const express = require('express');
const mysql = require('mysql');

const app = express();
const db = mysql.createConnection({ host: 'localhost', user: 'shop', database: 'shop' });

app.get('/orders', (req, res) => {
  const sql = "SELECT * FROM orders WHERE customer = '" + req.query.customer + "'";
  // ruleid: vigil.js.sql-injection
  db.query(sql, (err, rows) => res.json(rows));
});

app.post('/search', async (req, res) => {
  const { term } = req.body;
  // ruleid: vigil.js.sql-injection
  const rows = await sequelize.query(`SELECT * FROM products WHERE name LIKE '%${term}%'`);
  res.json(rows);
});
