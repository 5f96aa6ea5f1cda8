import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn, uuidColumn } from '../common/database/columns';

@Entity('provinces')
export class ProvinceEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 8 }) code: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}

@Entity('districts')
export class DistrictEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}

export const CLINIC_KINDS = ['fixed', 'mobile'] as const;
export type ClinicKind = (typeof CLINIC_KINDS)[number];

@Entity('clinics')
export class ClinicEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 160 }) name: string;
  @Column({ type: 'enum', enum: CLINIC_KINDS }) kind: ClinicKind;
  @Column({ ...uuidColumn, name: 'district_id' }) districtId: string;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true }) latitude: string | null;
  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true }) longitude: string | null;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}
