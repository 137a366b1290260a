const express = require('express');
const User = require('./models/user');

const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  // ruleid: vigil.js.nosql-injection
  const user = await User.findOne({ name: req.body.name, password: req.body.password });
  res.json({ ok: Boolean(user) });
});

app.get('/orders', async (req, res) => {
  const filter = { status: req.query.status };
  // ruleid: vigil.js.nosql-injection
  const orders = await db.collection('orders').find(filter).toArray();
  res.json(orders);
});

app.get('/reviews', async (req, res) => {
  // ruleid: vigil.js.nosql-injection
  const reviews = await db.collection('reviews').find({ $where: 'this.product == ' + req.query.id }).toArray();
  res.json(reviews);
});
