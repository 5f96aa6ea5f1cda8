import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Public, RequirePermissions } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { DetailedHealthDto, HealthDto, IndicatorStatusDto } from './health.dto';

@ApiTags('Health')
@ApiExtraModels(IndicatorStatusDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: HealthDto })
  async getLiveness(): Promise<HealthDto> {
    const result = await this.health.check([]);
    return { status: result.status, details: result.details };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable', type: ErrorResponseDto })
  async getReadiness(): Promise<HealthDto> {
    const result = await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
    return { status: result.status, details: result.details };
  }

  @Get('detailed')
  @RequirePermissions(Permission.SystemHealth)
  @ApiOperation({ summary: 'Database latency, pending migrations, memory, uptime and version' })
  @ApiOkResponse({ type: DetailedHealthDto })
  async getDetailedHealth(): Promise<DetailedHealthDto> {
    const started = process.hrtime.bigint();
    await this.dataSource.query('SELECT 1');
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const pendingMigrations = await this.dataSource.showMigrations();
    const memory = process.memoryUsage();
    return {
      status: 'ok',
      version: this.config.version,
      uptimeSeconds: Math.round(process.uptime()),
      database: { status: 'up', latencyMs: Math.round(latencyMs * 100) / 100, pendingMigrations },
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
    };
  }
}
