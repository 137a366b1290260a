const express = require('express');
const mysql = require('mysql');

const app = express();
const db = mysql.createConnection({ host: 'localhost', user: 'shop', database: 'shop' });

app.get('/orders', (req, res) => {
  // ok: vigil.js.sql-injection
  db.query('SELECT * FROM orders WHERE customer = ?', [req.query.customer], (err, rows) =>
    res.json(rows),
  );
});

app.get('/orders/:id', (req, res) => {
  const id = parseInt(req.params.id, 10);
  // ok: vigil.js.sql-injection
  db.query('SELECT * FROM orders WHERE id = ' + id, (err, rows) => res.json(rows));
});

app.post('/search', async (req, res) => {
  // ok: vigil.js.sql-injection
  const rows = await sequelize.query('SELECT * FROM products WHERE name LIKE :term', {
    replacements: { term: `%${req.body.term}%` },
  });
  res.json(rows);
});
