import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, updatedAtColumn, uuidColumn } from '../common/database/columns';

@Entity('provinces')
@Unique('uq_provinces_code', ['code'])
@Unique('uq_provinces_name', ['name'])
export class ProvinceEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 8 }) code: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

@Entity('districts')
@Unique('uq_districts_province_name', ['provinceId', 'name'])
export class DistrictEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @ManyToOne(() => ProvinceEntity, restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_districts_province' })
  province: ProvinceEntity;
  @Column({ type: 'varchar', length: 120 }) name: string;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

export const CLINIC_KINDS = ['fixed', 'mobile'] as const;
export type ClinicKind = (typeof CLINIC_KINDS)[number];

/** A clinic carries its province as well as its district, so every jurisdiction level is one indexed equality. */
@Entity('clinics')
@Unique('uq_clinics_code', ['code'])
@Index('ix_clinics_district', ['districtId'])
@Index('ix_clinics_province', ['provinceId'])
export class ClinicEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 160 }) name: string;
  @Column({ type: 'enum', enum: CLINIC_KINDS }) kind: ClinicKind;
  @Column({ ...uuidColumn, name: 'district_id' }) districtId: string;
  @ManyToOne(() => DistrictEntity, restrictOnDelete)
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'fk_clinics_district' })
  district: DistrictEntity;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @ManyToOne(() => ProvinceEntity, restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_clinics_province' })
  province: ProvinceEntity;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true }) latitude: string | null;
  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true }) longitude: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
