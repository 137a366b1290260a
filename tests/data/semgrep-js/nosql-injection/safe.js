const express = require('express');
const User = require('./models/user');

const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  // ok: vigil.js.nosql-injection
  const user = await User.findOne({ name: String(req.body.name) });
  res.json({ ok: Boolean(user) && (await user.checkPassword(String(req.body.password))) });
});

app.get('/orders', async (req, res) => {
  const filter = { status: String(req.query.status) };
  // ok: vigil.js.nosql-injection
  const orders = await db.collection('orders').find(filter).toArray();
  res.json(orders);
});

// Sequelize, not MongoDB: a where object holds no operators sent as JSON.
app.get('/cards/:id', async (req, res) => {
  // ok: vigil.js.nosql-injection
  const card = await Card.findOne({ where: { id: req.params.id, UserId: req.body.UserId } });
  res.json(card);
});

app.get('/answers', async (req, res) => {
  // ok: vigil.js.nosql-injection
  const answer = await Answer.findOne({ include: [{ model: User, where: { email: req.query.email } }] });
  res.json(answer);
});
