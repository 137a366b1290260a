import express, { Request, Response } from 'express';
import _ from 'lodash';

const app = express();

app.get('/search', (req: Request, res: Response) => {
  // ok: vigil.js.regexp-injection
  const matcher = new RegExp(_.escapeRegExp(req.query.q as string), 'i');
  res.json(products.filter((p) => matcher.test(p.name)));
});
