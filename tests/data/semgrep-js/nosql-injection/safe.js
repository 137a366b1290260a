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
