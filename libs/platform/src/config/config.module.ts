import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_CONFIG, AppConfig } from './app-config';
import { loadConfig } from './load-config';

/** @nestjs/config validated by loadConfig; the typed result is injectable as APP_CONFIG. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: (env) => ({ app: loadConfig(env) }) })],
      providers: [{ provide: APP_CONFIG, inject: [ConfigService], useFactory: (config: ConfigService) => config.getOrThrow<AppConfig>('app') }],
      exports: [APP_CONFIG],
    };
  }
}
