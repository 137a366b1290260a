const express = require('express');
const escapeHtml = require('escape-html');

const app = express();

app.get('/hello', (req, res) => {
  // ok: vigil.js.xss-response
  res.send(`<h1>Hello ${escapeHtml(req.query.name)}</h1>`);
});

app.get('/search', (req, res) => {
  const term = req.query.q;
  // ok: vigil.js.xss-response
  res.json({ term, results: [] });
  // ok: vigil.js.xss-response
  res.render('search', { term });
});

app.get('/users/:name', (req, res) => {
  // ok: vigil.js.xss-response
  res.status(404).json({ error: 'no such user', name: req.params.name });
});

app.get('/export', (req, res) => {
  // ok: vigil.js.xss-response
  res.status(200).send({ export: JSON.stringify({ user: req.query.user }) });
});

app.get('/events', (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  for (const word of req.query.words) {
    // ok: vigil.js.xss-response
    res.write(`data: ${JSON.stringify({ word })}\n\n`);
  }
  res.end();
});
