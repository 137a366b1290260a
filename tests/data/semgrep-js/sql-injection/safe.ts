import Koa from 'koa';
import Router from '@koa/router';
import { Pool } from 'pg';

const pool = new Pool();
const router = new Router();

router.get('/users/:name', async (ctx: Koa.Context) => {
  // ok: vigil.js.sql-injection
  const result = await pool.query('SELECT * FROM users WHERE name = $1', [ctx.params.name]);
  ctx.body = result.rows;
});

router.post('/users/search', async (ctx: Koa.Context) => {
  const { email } = ctx.request.body;
  // ok: vigil.js.sql-injection
  const result = await pool.query('SELECT * FROM users WHERE email = $1', [email]);
  ctx.body = result.rows;
});
