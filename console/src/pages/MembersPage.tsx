import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_IMPORT_BYTES, type ConsoleSession, type Erasure, type ImportResultLine, type MemberListing } from '@/utils/contract';
import { api, ApiError, ImportInterruptedError, NetworkError, type ImportProgress } from '../api';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { TierPill } from '../components/TierPill';
import { downloadText, toCsv } from '../csv';
import { errorMessage } from '../errors';
import { formatNumber } from '../format';
import { useI18n, type I18n } from '../i18n';
import { checkMemberFile, megabytes } from '../member-file';
import { tierById, useTiers } from '../tiers';
import '../components/charts.css';
import { DataTableHead } from '../components/DataTableHead';
import { rejectionText } from '../import-rejections';

/** Rejected rows listed on the page; the download has them all. */
const REJECTED_SHOWN = 100;

/** The admin's Members page: import a member file with its progress and rejected rows; find a member and erase them. */
export function MembersPage({ session }: { session: ConsoleSession }) {
  const { t } = useI18n();
  const admin = session.account.role === 'admin';
  return (
    <div className="page">
      <PageHeading title={`${t('membersPageTitle')} · ${t('appName')}`}>{t('membersPageTitle')}</PageHeading>
      <p className="muted">{t('membersPageIntro')}</p>
      {admin ? (
        <>
          <ImportMembers />
          <FindMember />
        </>
      ) : (
        <Notice kind="info">{t('membersAdminOnly')}</Notice>
      )}
    </div>
  );
}

/** A file refused before sending, or an import that did not end with its result. */
class ImportRefused extends Error {
  override name = 'ImportRefused';
}

/** What went wrong with an import, saying what was stored: never more than is certain. */
function importFailure(error: unknown, fileName: string, i18n: I18n): string {
  const { t } = i18n;
  const n = (value: number) => formatNumber(value, i18n.language);
  if (error instanceof ImportRefused) return error.message;
  if (error instanceof ImportInterruptedError) {
    return error.byServer
      ? t('importStoppedByServer', { stored: n(error.stored) })
      : t('importConnectionLost', { stored: n(error.stored), total: n(error.total) });
  }
  if (error instanceof ApiError && error.status === 413) return t('importTooLarge', { file: fileName, limit: megabytes(MAX_IMPORT_BYTES) });
  if (error instanceof ApiError && error.status === 415) return t('importNotText', { file: fileName });
  if (error instanceof NetworkError) return `${t('errorNetwork')} ${t('importNothingStored')}`;
  return `${errorMessage(error, i18n)} ${t('importNothingStored')}`;
}

function ImportMembers() {
  const i18n = useI18n();
  const { t } = i18n;
  const fileInput = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [missing, setMissing] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const imported = useMutation({
    mutationFn: async (file: File): Promise<{ fileName: string; result: ImportResultLine }> => {
      const check = await checkMemberFile(file);
      if (!check.ok) {
        const problem = { empty: 'importEmpty', tooLarge: 'importTooLarge', notText: 'importNotText' } as const;
        throw new ImportRefused(t(problem[check.problem], { file: file.name, size: megabytes(file.size), limit: megabytes(MAX_IMPORT_BYTES) }));
      }
      return { fileName: file.name, result: await api.importMembers(file, check.type, setProgress) };
    },
  });
  const fileName = imported.variables?.name ?? '';

  // Leaving the page mid-import loses the report (the server goes on storing the rows).
  useEffect(() => {
    if (!imported.isPending) return;
    const stay = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', stay);
    return () => window.removeEventListener('beforeunload', stay);
  }, [imported.isPending]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (imported.isPending) return;
    const file = fileInput.current?.files?.[0];
    setMissing(!file);
    if (!file) {
      fileInput.current?.focus();
      return;
    }
    setProgress(null);
    imported.mutate(file);
  };

  return (
    <section className="panel" aria-labelledby="import-members-heading">
      <h2 id="import-members-heading">{t('importTitle')}</h2>
      <form onSubmit={submit} className="import-form" noValidate>
        <div className="field">
          <label htmlFor="members-file">{t('membersFile')}</label>
          <input
            ref={fileInput}
            id="members-file"
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            aria-describedby={hintId}
            aria-invalid={missing}
            disabled={imported.isPending}
            onChange={() => setMissing(false)}
          />
          <p id={hintId} className="muted small">
            {t('membersFileHint', { limit: megabytes(MAX_IMPORT_BYTES) })} <code className="break">loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language</code>
          </p>
          {missing && <p className="field-error">{t('importChooseFile')}</p>}
        </div>
        <div>
          <button type="submit" aria-disabled={imported.isPending}>
            {imported.isPending ? t('importing') : t('importButton')}
          </button>
        </div>
      </form>
      {imported.isPending && <ImportProgressBar fileName={fileName} progress={progress} />}
      {imported.isError && <Notice kind="error">{importFailure(imported.error, fileName, i18n)}</Notice>}
      {imported.isSuccess && <ImportReport fileName={imported.data.fileName} result={imported.data.result} />}
    </section>
  );
}

function ImportProgressBar({ fileName, progress }: { fileName: string; progress: ImportProgress | null }) {
  const { t, language } = useI18n();
  const n = (value: number) => formatNumber(value, language);
  // Until the first stored batch the file is on its way and being checked: no count yet.
  const text = progress ? t('importProgress', { done: n(progress.done), total: n(progress.total) }) : t('importSending', { file: fileName });
  const share = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  return (
    <div className="import-progress">
      <p role="status" className="visually-hidden">
        {t('importStarted', { file: fileName })}
      </p>
      <div
        role="progressbar"
        aria-label={t('importProgressLabel', { file: fileName })}
        aria-valuemin={progress ? 0 : undefined}
        aria-valuemax={progress?.total}
        aria-valuenow={progress?.done}
        aria-valuetext={text}
        className={progress ? 'progress-track' : 'progress-track progress-waiting'}
      >
        <div className="progress-fill" style={{ width: `${share}%` }} />
      </div>
      <p className="progress-text">{text}</p>
    </div>
  );
}

function ImportReport({ fileName, result }: { fileName: string; result: ImportResultLine }) {
  const { t, language } = useI18n();
  const n = (value: number) => formatNumber(value, language);
  const summary = t('importSummary', { created: n(result.created), updated: n(result.updated), rejected: n(result.rejected.length) });
  const stored = result.created + result.updated > 0;
  const download = () =>
    downloadText(
      `${fileName.replace(/\.[^.]*$/, '')}-rejected.csv`,
      toCsv(
        ['line', 'reason'],
        result.rejected.map((row) => [row.line, rejectionText(row, t)]),
      ),
    );
  return (
    <>
      <Notice kind={stored ? 'success' : 'error'}>
        {summary} {!stored && t('importNothingStored')}
      </Notice>
      {result.rejected.length > 0 && (
        <section aria-labelledby="rejected-rows-heading" className="rejected-rows">
          <div className="panel-header">
            <h3 id="rejected-rows-heading">{t('rejectedRowsTitle', { file: fileName })}</h3>
            <button type="button" className="secondary" onClick={download}>
              {t('rejectedRowsDownload')}
            </button>
          </div>
          <p className="muted small">{t('rejectedRowsIntro')}</p>
          {result.rejected.length > REJECTED_SHOWN && <p className="muted small">{t('rejectedRowsFirst', { shown: n(REJECTED_SHOWN), count: n(result.rejected.length) })}</p>}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="rejected-rows-heading">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('rejectedColLine')}</th>
                  <th scope="col">{t('rejectedColReason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rejected.slice(0, REJECTED_SHOWN).map((row, index) => (
                  <tr key={`${row.line}-${index}`}>
                    <th scope="row" className="numeric">
                      {n(row.line)}
                    </th>
                    <td className="break">{rejectionText(row, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/** An erasure done, with the member as they were shown. */
interface Erased {
  member: MemberListing;
  erasure: Erasure;
}

function FindMember() {
  const i18n = useI18n();
  const { t } = i18n;
  const [query, setQuery] = useState('');
  const [tried, setTried] = useState(false);
  const [pending, setPending] = useState<MemberListing | null>(null);
  const [erased, setErased] = useState<Erased | null>(null);
  // A search is an audited read: it runs when the admin asks, never again on its own.
  const search = useMutation({ mutationFn: (q: string) => api.searchMembers(q) });
  const erase = useMutation({
    mutationFn: async (member: MemberListing): Promise<Erased> => ({ member, erasure: await api.eraseMember(member.loyaltyNumber) }),
    onSuccess: (done) => {
      setErased(done);
      setPending(null);
      // The same search again: the erased member is no longer found.
      if (search.variables) search.mutate(search.variables);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    const q = query.trim();
    if (!q || search.isPending) return;
    setErased(null);
    search.mutate(q);
  };

  return (
    <section className="panel" aria-labelledby="find-member-heading">
      <h2 id="find-member-heading">{t('findMemberTitle')}</h2>
      <p className="muted small">{t('findMemberIntro')}</p>
      <form onSubmit={submit} className="search-form" role="search" aria-labelledby="find-member-heading" noValidate>
        <label className="field">
          <span>{t('findMemberLabel')}</span>
          <input value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" spellCheck={false} maxLength={64} aria-invalid={tried && !query.trim()} />
        </label>
        <button type="submit" aria-disabled={search.isPending}>
          {search.isPending ? t('searching') : t('findMemberButton')}
        </button>
      </form>
      {tried && !query.trim() && <p className="field-error">{t('findMemberMissing')}</p>}
      {erased && (
        <Notice kind="success">
          {t('memberErased', {
            name: erased.member.name,
            number: erased.member.loyaltyNumberMasked,
            handles: erased.erasure.handles,
            cases: erased.erasure.cases,
            handoffs: erased.erasure.handoffs,
            notes: erased.erasure.notes,
          })}
        </Notice>
      )}
      {search.isError && <Notice kind="error">{errorMessage(search.error, i18n)}</Notice>}
      {search.isSuccess &&
        (search.data.length === 0 ? (
          <p className="muted" role="status">
            {t('findMemberNone', { query: search.variables })}
          </p>
        ) : (
          <MemberTable members={search.data} onErase={(member) => (erase.reset(), setPending(member))} />
        ))}
      <Dialog
        open={pending !== null}
        title={pending ? t('eraseConfirmTitle', { name: pending.name, number: pending.loyaltyNumberMasked }) : ''}
        submitLabel={t('eraseConfirm')}
        busy={erase.isPending}
        error={erase.isError ? errorMessage(erase.error, i18n) : null}
        onSubmit={() => pending && erase.mutate(pending)}
        onClose={() => setPending(null)}
      >
        {pending && <EraseExplained member={pending} />}
      </Dialog>
    </section>
  );
}

function EraseExplained({ member }: { member: MemberListing }) {
  const { t, plural } = useI18n();
  return (
    <div className="erase-explained">
      <p>{t('eraseRemovedTitle')}</p>
      <ul>
        <li>{t('eraseRemovedData', { name: member.name })}</li>
        <li>{plural('eraseRemovedHandles', member.handles.length)}</li>
        <li>{t('eraseRemovedWritten')}</li>
      </ul>
      <p>{t('eraseKeptTitle')}</p>
      <ul>
        <li>{t('eraseKeptCases')}</li>
        <li>{t('eraseKeptTier')}</li>
        <li>{t('eraseKeptAudit')}</li>
      </ul>
      <p>
        <strong>{t('eraseFinal')}</strong>
      </p>
    </div>
  );
}

function MemberTable({ members, onErase }: { members: readonly MemberListing[]; onErase: (member: MemberListing) => void }) {
  const { t } = useI18n();
  const tiers = useTiers();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('findMemberResults')}>
      <table className="data-table">
        <DataTableHead columns={[t('colAgentName'), t('memberColTier'), t('memberColNumber'), t('memberColHandles')]} actions={t('webhookActions')} />
        <tbody>
          {members.map((member) => {
            const tier = tierById(tiers, member.tierId);
            return (
              <tr key={member.id}>
                <th scope="row">{member.name}</th>
                <td>{tier ? <TierPill tier={tier} /> : member.tierId}</td>
                <td className="number">{member.loyaltyNumberMasked}</td>
                <td>
                  {member.handles.length === 0 ? (
                    <span className="muted">{t('memberNoHandles')}</span>
                  ) : (
                    <ul className="plain-list">
                      {member.handles.map((handle) => (
                        <li key={`${handle.network}:${handle.handle}`}>
                          <a href={profileUrl(handle)} target="_blank" rel="noopener noreferrer" className="break">
                            {handle.network === 'x' ? `@${handle.handle}` : handle.handle}
                          </a>{' '}
                          <span className="muted small">({handle.network === 'x' ? 'X' : 'Facebook'})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <button type="button" className="secondary danger" onClick={() => onErase(member)} aria-label={t('eraseFor', { name: member.name })}>
                    {t('erase')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The handle's public profile on its network. */
function profileUrl(handle: MemberListing['handles'][number]): string {
  return handle.network === 'x' ? `https://x.com/${encodeURIComponent(handle.handle)}` : `https://www.facebook.com/${encodeURIComponent(handle.handle)}`;
}
