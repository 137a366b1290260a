const express = require('express');
const vm = require('vm');

const app = express();
const operations = { double: (x) => x * 2, square: (x) => x * x };

app.post('/calc', (req, res) => {
  // ok: vigil.js.code-injection
  const input = JSON.parse(req.body.expression);
  res.json({ result: input });
});

app.post('/filter', (req, res) => {
  const minimum = Number(req.body.minimum);
  // ok: vigil.js.code-injection
  const keep = new Function('item', 'return item.price >= 10');
  res.json(items.filter(keep).filter((item) => item.price >= minimum));
});

app.post('/template', (req, res) => {
  // ok: vigil.js.code-injection
  const out = vm.runInNewContext('items.length', { items, input: req.body.code });
  res.json(out);
});

app.get('/later', (req, res) => {
  // ok: vigil.js.code-injection
  setTimeout(() => notify(req.query.user), 1000);
  res.json(operations[req.query.op] ? 'known' : 'unknown');
});
