import { useId, useState, type ReactNode } from 'react';
import { downloadText, toCsv } from '../csv';
import { useI18n } from '../i18n';
import './charts.css';

export interface Column<Row> {
  label: string;
  /** The raw value: written to the CSV as is, shown in the table through `format`. */
  value: (row: Row) => string | number | null;
  format?: (value: string | number | null) => string;
  /** The row's name: a row header (`<th scope="row">`). */
  header?: boolean;
}

/**
 * One chart of a page with its alternatives: the same rows as a real table (under **Show as
 * table**, for screen readers and anyone reading exact numbers) and as a CSV file. The chart
 * itself is a picture for sighted readers; its description is its heading and intro.
 */
export function ChartSection<Row>({
  id,
  title,
  intro,
  rows,
  columns,
  fileName,
  chart,
  empty = false,
  wide = false,
}: {
  id: string;
  title: string;
  intro: string;
  rows: readonly Row[];
  columns: ReadonlyArray<Column<Row>>;
  fileName: string;
  chart: ReactNode;
  /** Nothing to draw: a sentence instead of the chart. */
  empty?: boolean;
  /** Spans the page's width (many columns or bars). */
  wide?: boolean;
}) {
  const { t, language } = useI18n();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const headingId = `${id}-heading`;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const shown = (column: Column<Row>, row: Row) => {
    const value = column.value(row);
    if (column.format) return column.format(value);
    if (value === null) return '—';
    return typeof value === 'number' ? number.format(value) : value;
  };
  const download = () =>
    downloadText(
      fileName,
      toCsv(
        columns.map((column) => column.label),
        rows.map((row) => columns.map((column) => column.value(row))),
      ),
    );

  return (
    <section className={wide ? 'chart-section chart-section-wide' : 'chart-section'} aria-labelledby={headingId} id={id}>
      <div className="chart-header">
        <h2 id={headingId}>{title}</h2>
        <div className="chart-tools">
          <button type="button" className="secondary" aria-pressed={showTable} aria-controls={tableId} onClick={() => setShowTable(!showTable)}>
            {t('showAsTable')}
          </button>
          <button type="button" className="secondary" onClick={download}>
            {t('downloadCsv')}
          </button>
        </div>
      </div>
      <p className="muted">{intro}</p>
      {empty ? (
        <p className="muted">{t('chartEmpty')}</p>
      ) : (
        <div className="chart" aria-hidden="true" data-testid={`${id}-chart`}>
          {chart}
        </div>
      )}
      {/* Focusable, so a table wider than the section scrolls from the keyboard too. */}
      <div id={tableId} hidden={!showTable} className="table-scroll" tabIndex={0} role="group" aria-labelledby={headingId}>
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column) =>
                  column.header ? (
                    <th key={column.label} scope="row">
                      {shown(column, row)}
                    </th>
                  ) : (
                    <td key={column.label} className={typeof column.value(row) === 'number' ? 'numeric' : undefined}>
                      {shown(column, row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
