/** Column shapes shared by every table, declared explicitly so generated migrations do not drift. */
export const uuidColumn = { type: 'char', length: 36, charset: 'ascii', collation: 'ascii_bin' } as const;
export const timestampColumn = { type: 'datetime', precision: 3 } as const;
