const express = require('express');

const app = express();

app.get('/login/done', (req, res) => {
  // ruleid: vigil.js.open-redirect
  res.redirect(req.query.next);
});

app.get('/go', (req, res) => {
  const target = req.query.to;
  // ruleid: vigil.js.open-redirect
  res.redirect(302, target);
});

app.get('/back', (req, res) => {
  // A lone "/" prefix still lets "//evil.example" through as a protocol-relative URL.
  // ruleid: vigil.js.open-redirect
  res.redirect('/' + req.query.path);
});
