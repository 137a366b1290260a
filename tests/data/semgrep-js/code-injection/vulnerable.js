const express = require('express');
const vm = require('vm');

const app = express();

app.post('/calc', (req, res) => {
  // ruleid: vigil.js.code-injection
  const result = eval(req.body.expression);
  res.json({ result });
});

app.post('/filter', (req, res) => {
  // ruleid: vigil.js.code-injection
  const keep = new Function('item', 'return ' + req.body.predicate);
  res.json(items.filter(keep));
});

app.post('/template', (req, res) => {
  // ruleid: vigil.js.code-injection
  const out = vm.runInNewContext(req.body.code, { items });
  res.json(out);
});

app.get('/later', (req, res) => {
  // ruleid: vigil.js.code-injection
  setTimeout('notify("' + req.query.user + '")', 1000);
  res.end();
});
