/**
 * Column shapes shared by every table, declared exactly as the migrations create them so that
 * `npm run migration:check` finds no drift.
 */

/** CHAR(36) CHARACTER SET ascii COLLATE ascii_bin: a UUID in text form. */
export const uuidColumn = { type: 'char', length: 36, charset: 'ascii', collation: 'ascii_bin' } as const;

/** CHAR(64) CHARACTER SET ascii COLLATE ascii_bin: a SHA-256 digest in hex. */
export const sha256HexColumn = { type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin' } as const;

/** DATETIME(3): millisecond precision (the connection's time zone is UTC). */
export const timestampColumn = { type: 'datetime', precision: 3 } as const;

const NOW = 'CURRENT_TIMESTAMP(3)';

/**
 * DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3). The default is spelt out because TypeORM's own
 * default for date columns is CURRENT_TIMESTAMP(6), whatever the column's precision.
 */
export const timestampDefaultNowColumn = { ...timestampColumn, default: () => NOW } as const;

/** created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), for @CreateDateColumn. */
export const createdAtColumn = { ...timestampDefaultNowColumn, name: 'created_at' } as const;

/** updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), for @UpdateDateColumn. */
export const updatedAtColumn = { ...timestampDefaultNowColumn, name: 'updated_at', onUpdate: NOW } as const;

/**
 * Foreign-key actions for @ManyToOne. A constraint written with no ON DELETE / ON UPDATE clause is
 * RESTRICT, and MariaDB reports it so; TypeORM assumes NO ACTION when none is given, so both are spelt out.
 */
export const restrictOnDelete = { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' } as const;

/** ON DELETE CASCADE (ON UPDATE left at RESTRICT), for rows that belong to their parent. */
export const cascadeOnDelete = { onDelete: 'CASCADE', onUpdate: 'RESTRICT' } as const;
