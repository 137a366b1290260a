const express = require('express');
const _ = require('lodash');

const app = express();
const settings = {};

app.post('/settings', (req, res) => {
  // ruleid: vigil.js.prototype-pollution
  _.merge(settings, req.body);
  res.json(settings);
});

app.post('/settings/:section/:key', (req, res) => {
  // ruleid: vigil.js.prototype-pollution
  settings[req.params.section][req.params.key] = req.body.value;
  res.json(settings);
});
