const express = require('express');

const app = express();

app.get('/hello', (req, res) => {
  // ruleid: vigil.js.xss-response
  res.send(`<h1>Hello ${req.query.name}</h1>`);
});

app.get('/search', (req, res) => {
  const term = req.query.q;
  res.write('<p>Results for ');
  // ruleid: vigil.js.xss-response
  res.write(term);
  res.end('</p>');
});

app.get('/users/:name', (req, res) => {
  // ruleid: vigil.js.xss-response
  res.status(404).send('<p>No user called ' + req.params.name + '</p>');
});

app.get('/echo', (req, res) => {
  // The JSON text is sent as a string, which Express labels text/html.
  // ruleid: vigil.js.xss-response
  res.send(JSON.stringify({ echo: req.query.text }));
});
