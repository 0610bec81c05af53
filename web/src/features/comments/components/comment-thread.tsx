/**
 * The internal comments of a record (opportunity, company, contact): oldest first, each with its
 * author, time and body (mentions shown as names), and a composer with @mention autocomplete. A
 * comment is a local write (replica + outbox): it shows at once and syncs later, offline too; the
 * server then notifies each mentioned member. Authors edit and delete their own comments (owners
 * and admins any, per the permission matrix).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment } from '@shared/sales/index.ts';
import { getGrant } from '@shared/permissions/matrix.ts';
import { createRow, deleteRow, updateRow, useReplicaQuery, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { LOCALE_BY_LANGUAGE, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, Card, LoadingState, useToast } from '@web/ui/index.ts';
import { useCurrentTenant, type CurrentTenant } from '@web/features/tenancy/index.ts';
import { useTeam, type Team } from '@web/features/tasks/index.ts';
import { collectMentions, splitBody, type Mentionable } from '../internal/mentions.ts';
import { MentionComposer } from './mention-composer.tsx';
import './comments.css';

export type CommentRecord = {
  readonly table: 'opportunities' | 'companies' | 'contacts';
  readonly id: string;
};

/** The server's limit (comments_body_check). */
const MAX_BODY_LENGTH = 5000;

type ThreadContext = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly team: Team;
  readonly mentionables: readonly Mentionable[];
  readonly canCreate: boolean;
  readonly canChange: (comment: Comment) => boolean;
};

function useThreadContext(): ThreadContext | null {
  const current = useCurrentTenant();
  const tenant = current.tenant;
  const team = useTeam(current.userId, tenant?.id ?? '');
  return useMemo(() => {
    if (!tenant || tenant.role === 'client' || getGrant(tenant.role, 'comments', 'read') === 'deny') return null;
    const updateGrant = getGrant(tenant.role, 'comments', 'update');
    return {
      tenant,
      userId: current.userId,
      team,
      mentionables: team.members
        .filter((member) => member.user_id !== current.userId && member.status !== 'suspended')
        .map((member) => ({ id: member.user_id, name: member.display_name || member.email })),
      canCreate: getGrant(tenant.role, 'comments', 'create') !== 'deny',
      canChange: (comment) => updateGrant === 'allow' || (updateGrant === 'own' && comment.owner_id === current.userId),
    };
  }, [tenant, current.userId, team]);
}

function useComments(record: CommentRecord): readonly Comment[] | undefined {
  return useReplicaQuery<readonly Comment[] | undefined>(
    async (db) => {
      const rows = await db.comments.where('[record_table+record_id]').equals([record.table, record.id]).toArray();
      // Chronological; the id (UUIDv7, time-ordered) breaks ties between same-instant comments.
      return rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    },
    [record.table, record.id],
    undefined,
  );
}

function formatWhen(iso: string, language: 'fr' | 'en', timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], options).format(date);
  }
}

export function CommentThread({ record }: { readonly record: CommentRecord }) {
  const { t } = useTranslation();
  const context = useThreadContext();
  const comments = useComments(record);
  if (!context) return null;
  return (
    <Card title={t('tasks.comments.title')}>
      <div className="stack">
        {comments === undefined ? (
          <LoadingState label={t('tasks.comments.loading')} />
        ) : comments.length === 0 ? (
          <p className="comment-thread__empty">{t('tasks.comments.empty')}</p>
        ) : (
          <ol className="comment-thread__list" aria-label={t('tasks.comments.title')}>
            {comments.map((comment) => (
              <CommentItem key={comment.id} comment={comment} context={context} />
            ))}
          </ol>
        )}
        {context.canCreate ? <NewComment record={record} context={context} /> : null}
      </div>
    </Card>
  );
}

function validateBody(body: string): 'tasks.comments.errors.required' | 'tasks.comments.errors.tooLong' | null {
  if (body.trim() === '') return 'tasks.comments.errors.required';
  if (body.length > MAX_BODY_LENGTH) return 'tasks.comments.errors.tooLong';
  return null;
}

/** The ids of the members named in the body: those picked in the list first, then any typed by hand. */
function listMentionIds(body: string, context: ThreadContext): string[] {
  return collectMentions(body, context.mentionables);
}

function NewComment({ record, context }: { readonly record: CommentRecord; readonly context: ThreadContext }) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const send = async () => {
    const problem = validateBody(body);
    if (problem) {
      setError(t(problem));
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      const text = body.trim();
      await createRow('comments', {
        record_table: record.table,
        record_id: record.id,
        body: text,
        mentions: listMentionIds(text, context),
      });
      setBody('');
      showToast({ message: t('tasks.comments.sent') });
    } catch (caught) {
      setError(translateError(caught));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <MentionComposer
        label={t('tasks.comments.new')}
        value={body}
        onChange={(value) => {
          setBody(value);
          if (error) setError(null);
        }}
        members={context.mentionables}
        onSubmit={() => void send()}
        error={error ?? undefined}
      />
      <div className="form-actions">
        <Button type="submit" isBusy={isBusy}>
          {t('tasks.comments.send')}
        </Button>
      </div>
    </form>
  );
}

function CommentItem({ comment, context }: { readonly comment: Comment; readonly context: ThreadContext }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [isEditing, setIsEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [error, setError] = useState<string | null>(null);
  const author =
    comment.owner_id === context.userId
      ? t('tasks.common.me')
      : (context.team.getName(comment.owner_id) ?? t('tasks.common.unknownMember'));
  const mentioned = comment.mentions.flatMap((id) => {
    const name = context.team.getName(id);
    return name ? [{ id, name }] : [];
  });
  const canChange = context.canChange(comment);

  const save = async () => {
    const problem = validateBody(draft);
    if (problem) {
      setError(t(problem));
      return;
    }
    try {
      const text = draft.trim();
      if (text !== comment.body) {
        // Keep mentions of members this device cannot name (an offline team list): never drop them silently.
        const known = new Set(context.mentionables.map((member) => member.id));
        const kept = comment.mentions.filter((id) => !known.has(id));
        const mentions = [...new Set([...kept, ...listMentionIds(text, context)])].slice(0, 20);
        await updateRow('comments', comment.id, { body: text, mentions });
      }
      setIsEditing(false);
      setError(null);
    } catch (caught) {
      setError(translateError(caught));
    }
  };

  const remove = async () => {
    try {
      const { undo } = await deleteRow('comments', comment.id);
      showToast({
        message: t('tasks.comments.deleted'),
        actionLabel: t('tasks.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone = await undo();
          showToast({ message: isUndone ? t('tasks.toast.undone') : t('tasks.toast.undoTooLate') });
        },
      });
    } catch (caught) {
      setError(translateError(caught));
    }
  };

  return (
    <li className="comment">
      <p className="comment__header">
        <span className="comment__author">{author}</span>
        <time className="comment__time" dateTime={comment.created_at}>
          {formatWhen(comment.created_at, language, context.tenant.timeZone)}
        </time>
      </p>
      {isEditing ? (
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <MentionComposer
            label={t('tasks.comments.edit')}
            value={draft}
            onChange={setDraft}
            members={context.mentionables}
            onSubmit={() => void save()}
            error={error ?? undefined}
            autoFocus
          />
          <div className="comment__actions">
            <Button type="submit">{t('tasks.common.save')}</Button>
            <Button
              variant="secondary"

              onClick={() => {
                setIsEditing(false);
                setDraft(comment.body);
                setError(null);
              }}
            >
              {t('tasks.common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <p className="comment__body">
            {splitBody(comment.body, mentioned).map((segment, index) =>
              segment.kind === 'mention' ? (
                <span key={index} className="mention">
                  @{segment.name}
                </span>
              ) : (
                <span key={index}>{segment.text}</span>
              ),
            )}
          </p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          {canChange ? (
            <div className="comment__actions">
              <Button
                variant="ghost"

                aria-label={t('tasks.comments.editLabel', { author })}
                onClick={() => {
                  setDraft(comment.body);
                  setIsEditing(true);
                }}
              >
                {t('tasks.common.edit')}
              </Button>
              <Button
                variant="ghost"

                aria-label={t('tasks.comments.deleteLabel', { author })}
                onClick={() => void remove()}
              >
                {t('tasks.common.delete')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </li>
  );
}
