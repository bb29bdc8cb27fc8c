/** PatSnap wire types (snake_case, as the vendor documents them). */

export const PATSNAP_EXPORT_TYPES = ['json', 'csv', 'xls', 'pdf', 'full_text', 'xml'] as const;
export type PatSnapExportType = (typeof PATSNAP_EXPORT_TYPES)[number];

export const PATSNAP_COLLAPSE_TYPES = ['ALL', 'APNO', 'DOCDB', 'INPADOC', 'EXTEND'] as const;
export type PatSnapCollapseType = (typeof PATSNAP_COLLAPSE_TYPES)[number];

export const PATSNAP_COLLAPSE_BY = ['APD', 'PBD', 'AUTHORITY', 'SCORE'] as const;
export type PatSnapCollapseBy = (typeof PATSNAP_COLLAPSE_BY)[number];

export const PATSNAP_COLLAPSE_ORDERS = ['OLDEST', 'LATEST'] as const;
export type PatSnapCollapseOrder = (typeof PATSNAP_COLLAPSE_ORDERS)[number];

/** Body of P055 `POST /patent-search/export`. Unset optionals are omitted. */
export interface PatentExportRequest {
  query_text: string;
  /** Comma-separated field codes, e.g. `PN,APNO`. */
  fields: string;
  export_type: PatSnapExportType;
  rows: number;
  offset?: number;
  /** `yyyyMMdd` or `*`. */
  apdt_from?: string;
  apdt_to?: string;
  pbdt_from?: string;
  pbdt_to?: string;
  collapse_type?: PatSnapCollapseType;
  collapse_by?: PatSnapCollapseBy;
  collapse_order?: PatSnapCollapseOrder;
  lang?: string;
  trans_lang?: string;
  stemming?: 0 | 1;
}

/** `data` of P055 `GET /patent-search/task`, normalized. */
export interface PatentExportTaskState {
  /** `PENDING` | `SUCCESS` | `FAIL` as sent (or `UNKNOWN` when absent). */
  exportStatus: string;
  url: string | null;
  count: number | null;
}
