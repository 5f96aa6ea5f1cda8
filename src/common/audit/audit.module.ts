import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogEntity } from './audit-log.entity';
import { AuditRecorder } from './audit-recorder.service';
import { AuditWriter } from './audit-writer.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntity])],
  controllers: [AuditController],
  providers: [AuditWriter, AuditRecorder, AuditService],
  exports: [AuditRecorder],
})
export class AuditModule {}
