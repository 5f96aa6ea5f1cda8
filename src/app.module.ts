import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './common/audit/audit.module';
import { AuditInterceptor } from './common/audit/audit.interceptor';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard';
import { PermissionsGuard } from './common/auth/permissions.guard';
import { dataSourceOptions } from './common/database/data-source-options';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { ErrorResponder } from './common/errors/error-responder.service';
import { HealthModule } from './common/health/health.module';
import { loggerParams } from './common/logging/logging';
import { NotifierModule } from './common/notifier/notifier.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ClinicalWorkflowModule } from './clinical-workflow';
import { Icd10Module } from './icd10';
import { IdentityModule } from './identity';
import { InventoryModule } from './inventory';
import { PatientsModule } from './patients';
import { PharmacyModule } from './pharmacy';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), entities: undefined, autoLoadEntities: true }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.auth.loginRateLimitPerMinute }],
        }),
        // Once, in the root: every extra forRoot() would register each schedule again.
        ScheduleModule.forRoot(),
        NotifierModule,
        AuditModule,
        HealthModule,
        IdentityModule,
        Icd10Module,
        PatientsModule,
        ClinicalWorkflowModule,
        InventoryModule,
        PharmacyModule,
      ],
      providers: [
        ErrorResponder,
        // Order matters: authenticate, then check permissions.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [ErrorResponder],
    };
  }
}
