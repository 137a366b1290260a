const express = require('express');

const app = express();
const PAGES = { home: '/', account: '/account' };

app.get('/login/done', (req, res) => {
  // ok: vigil.js.open-redirect
  res.redirect('/account/' + encodeURIComponent(req.query.next));
});

app.get('/go', (req, res) => {
  // ok: vigil.js.open-redirect
  res.redirect(302, '/');
});
