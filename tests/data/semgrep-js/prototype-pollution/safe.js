const express = require('express');
const _ = require('lodash');

const app = express();
const settings = {};

app.post('/settings', (req, res) => {
  // ok: vigil.js.prototype-pollution
  _.merge(settings, { theme: String(req.body.theme), pageSize: Number(req.body.pageSize) });
  res.json(settings);
});

app.post('/settings/theme', (req, res) => {
  // ok: vigil.js.prototype-pollution
  settings.display.theme = req.body.value;
  res.json(settings);
});
