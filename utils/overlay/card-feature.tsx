import { useCallback, useEffect, useState } from 'react';
import type { MemberCard as MemberCardData } from '@/utils/contract';
import { Floating } from '@/components/Floating';
import { MemberCard, type ActionOutcome } from '@/components/MemberCard';
import { t } from '@/utils/i18n';
import type { BadgeAnswer } from '@/utils/overlay/badges';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import type { Layer } from '@/utils/overlay/layer';
import type { HandleSighting } from '@/utils/sites/types';
import { createWriteIds, sendWrite, type WriteResult, type WriteVerb } from '@/utils/writes';

/** How often an open card asks for the member card again. */
export const CARD_REFRESH_MS = 10_000;

/** How long a second click on the same card action is the same write. */
const SAME_WRITE_MS = 6_000;

export function outcomeOf(result: WriteResult): ActionOutcome {
  if (result.kind === 'sent' || result.kind === 'queued') return { ok: true, queued: result.kind === 'queued' };
  return { ok: false, message: result.message };
}

interface CardContainerProps {
  bridge: ContentBridge;
  answer: BadgeAnswer;
  sighting: HandleSighting;
  session: ContentSession;
  /** The permalink of the post the badge sits in, for a case opened from the card. */
  postUrl: string | null;
  onClose(): void;
}

function CardContainer({ bridge, answer, sighting, session, postUrl, onClose }: CardContainerProps) {
  const [card, setCard] = useState<MemberCardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const memberId = answer.member?.id;
  const [writeIds] = useState(() => createWriteIds(SAME_WRITE_MS));

  const load = useCallback(async () => {
    if (!memberId) return;
    const result = await bridge.send('getMemberCard', { memberId });
    if (result.ok) {
      setCard(result.card);
      setError(null);
    } else setError(t('cardLoadFailed', result.message));
  }, [bridge, memberId]);

  useEffect(() => {
    void load();
    const clock = setInterval(() => setNow(new Date()), 30_000);
    // The card follows the case while open: a colleague taking it, a resolve, new notes and
    // handoff progress show within one refresh (the background asks the server each time).
    const refresh = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, CARD_REFRESH_MS);
    return () => {
      clearInterval(clock);
      clearInterval(refresh);
    };
  }, [load]);

  if (!answer.member) return null;
  /** Sends one card action; the same action clicked again meanwhile is the same write. */
  const write = async <V extends WriteVerb>(verb: V, data: Omit<Parameters<ContentBridge['send']>[1] & object, 'writeId'>) => {
    const key = `${verb} ${JSON.stringify(data)}`;
    const result = await sendWrite(bridge.send, verb, { ...data, writeId: writeIds.idFor(key) } as never);
    writeIds.keep(key);
    // A refusal because someone else changed the case first: show the case as it is now.
    if (result.kind !== 'not-saved') void load();
    return outcomeOf(result);
  };

  return (
    <MemberCard
      identity={sighting.identity}
      member={answer.member}
      tier={answer.tier}
      openCase={answer.openCase}
      card={card}
      error={error}
      agent={session.agent}
      now={now}
      onClose={onClose}
      actions={{
        addNote: (caseId, text) => write('enqueueNote', { caseId, text }),
        openCase: () => write('enqueueCaseOpen', { identity: sighting.identity, subject: t('caseSubjectFromPost', sighting.identity.handle), postUrl }),
        takeCase: (caseId, version) => write('enqueueCaseChange', { caseId, assignee: 'me', version }),
        resolveCase: (caseId, version) => write('enqueueCaseChange', { caseId, status: 'resolved', version }),
        unlink: (linkId) => write('enqueueUnlink', { linkId, identity: card?.links.find((link) => link.id === linkId)?.identity ?? sighting.identity }),
      }}
    />
  );
}

/** Opens the member card beside its badge, kept inside the window; the layer handles Escape, outside clicks and focus. */
export function openMemberCard(
  layer: Layer,
  bridge: ContentBridge,
  session: ContentSession,
  badgeHost: HTMLElement,
  answer: BadgeAnswer,
  sighting: HandleSighting,
  postUrl: string | null,
): void {
  layer.show(
    <Floating anchor={badgeHost}>
      <CardContainer bridge={bridge} answer={answer} sighting={sighting} session={session} postUrl={postUrl} onClose={() => layer.hide()} />
    </Floating>,
  );
}
