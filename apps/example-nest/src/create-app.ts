import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import { AppModule } from './app.module.js';
import type { AppOptions } from './app.options.js';

/**
 * Builds the example app (not listening yet): Nest on Express with express-session and
 * `@webex-oidc/nestjs`. Call `await app.listen(port)`; `app.close()` when done.
 */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  app.use(
    session({
      name: 'example-nest.sid',
      secret: options.sessionSecret ?? 'example-nest-dev-secret-change-me',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: false },
    }),
  );
  return app;
}
