import { ApiProperty } from '@nestjs/swagger';

export const HEALTH_STATUSES = ['ok', 'error', 'shutting_down'] as const;

export class IndicatorStatusDto {
  @ApiProperty({ example: 'up' }) status: string;
}

export class HealthDto {
  @ApiProperty({ enum: HEALTH_STATUSES, enumName: 'HealthStatus' }) status: (typeof HEALTH_STATUSES)[number];
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/IndicatorStatusDto' } })
  details: Record<string, IndicatorStatusDto>;
}

export class DatabaseHealthDto {
  @ApiProperty({ example: 'up' }) status: string;
  @ApiProperty({ description: 'Round trip of SELECT 1, milliseconds' }) latencyMs: number;
  @ApiProperty({ description: 'Committed migrations not yet applied' }) pendingMigrations: boolean;
}

export class MemoryDto {
  @ApiProperty() rssBytes: number;
  @ApiProperty() heapUsedBytes: number;
  @ApiProperty() heapTotalBytes: number;
}

export class DetailedHealthDto {
  @ApiProperty({ enum: HEALTH_STATUSES, enumName: 'HealthStatus' }) status: (typeof HEALTH_STATUSES)[number];
  @ApiProperty() version: string;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty({ type: DatabaseHealthDto }) database: DatabaseHealthDto;
  @ApiProperty({ type: MemoryDto }) memory: MemoryDto;
}
