/** Record signatures and field values of the zip format (PKWARE APPNOTE) used by both writer and reader. */
export const signature = {
  localFile: 0x04034b50,
  centralFile: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
  zip64EndOfCentralDirectory: 0x06064b50,
  zip64Locator: 0x07064b50,
  dataDescriptor: 0x08074b50,
} as const;

export const method = { stored: 0, deflated: 8 } as const;

export const flag = {
  encrypted: 0x0001,
  dataDescriptor: 0x0008,
  utf8: 0x0800,
} as const;

/** "Version made by" high byte: the host system whose attributes are in the external attributes field. */
export const hostSystem = { msdos: 0, unix: 3 } as const;

/** Unix file-type bits (st_mode & S_IFMT), stored in the upper 16 bits of external attributes. */
export const unixType = { mask: 0o170000, file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;

/** MS-DOS attribute bit for directories (lower byte of external attributes). */
export const dosDirectory = 0x10;

/** 1980-01-01 00:00:00, the earliest DOS timestamp: every entry gets it so builds are reproducible. */
export const fixedDosDate = (0 << 9) | (1 << 5) | 1;
export const fixedDosTime = 0;

export const sizes = { localHeader: 30, centralHeader: 46, endOfCentralDirectory: 22 } as const;

/** Past these the classic format needs zip64, which neither side supports (Lambda caps code at 250 MB). */
export const classicLimits = { entries: 0xffff, bytes: 0xffffffff } as const;
