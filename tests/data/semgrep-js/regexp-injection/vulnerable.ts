import express, { Request, Response } from 'express';

const app = express();

app.get('/search', (req: Request, res: Response) => {
  // ruleid: vigil.js.regexp-injection
  const matcher = new RegExp(req.query.q as string, 'i');
  res.json(products.filter((p) => matcher.test(p.name)));
});
