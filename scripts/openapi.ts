// `npm run openapi [-- <file>]`: writes the API's OpenAPI document (the one `/docs-json` serves)
// without starting servers: Nest's preview mode builds the routes but instantiates no provider.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { LOCAL_JWT_SECRET } from './dev-defaults';

async function main(): Promise<void> {
  process.env.AUTH_JWT_SECRET ??= LOCAL_JWT_SECRET;
  const [{ ApiModule }, { createApiDocument }] = await Promise.all([import('../apps/api/src/api.module'), import('../apps/api/src/openapi/api-document')]);
  const app = await NestFactory.create(ApiModule, { preview: true, logger: false });
  const text = `${JSON.stringify(createApiDocument(app), null, 2)}\n`;
  const file = process.argv[2];
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
  await app.close();
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
