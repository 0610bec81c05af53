/**
 * "Ma journée": the open tasks in four groups — overdue (highlighted), today, upcoming, no date —
 * each a titled list, empty groups left out. "Today" is the company's day (its time zone).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '@shared/sales/index.ts';
import type { TasksContext } from '../hooks/use-tasks-context.ts';
import { useLinkedNames } from '../hooks/use-linked-records.ts';
import { GROUP_KEYS } from '../internal/labels.ts';
import { groupMyDay, MY_DAY_GROUPS, type MyDayGroup } from '../internal/my-day.ts';
import { TaskItem } from './task-item.tsx';

export type MyDayViewProps = {
  readonly tasks: readonly Task[];
  readonly context: TasksContext;
  readonly now: number;
  /** Groups to show (all by default). */
  readonly groups?: readonly MyDayGroup[];
  /** At most this many tasks in all (the home screen's card). */
  readonly limit?: number;
  /** 3 inside a card that has its own h2. */
  readonly headingLevel?: 2 | 3;
};

/** The non-empty groups, in order, holding at most `limit` tasks in all. */
function takeGroups(
  grouped: Readonly<Record<MyDayGroup, readonly Task[]>>,
  groups: readonly MyDayGroup[],
  limit: number,
): { group: MyDayGroup; list: readonly Task[] }[] {
  const shown: { group: MyDayGroup; list: readonly Task[] }[] = [];
  let budget = limit;
  for (const group of groups) {
    const list = grouped[group].slice(0, Math.max(0, budget));
    budget -= list.length;
    if (list.length > 0) shown.push({ group, list });
  }
  return shown;
}

export function MyDayView({ tasks, context, now, groups = MY_DAY_GROUPS, limit, headingLevel = 2 }: MyDayViewProps) {
  const grouped = groupMyDay(tasks, now, context.timeZone);
  const names = useLinkedNames(tasks);
  const shown = takeGroups(grouped, groups, limit ?? Number.POSITIVE_INFINITY);
  return (
    <div className="my-day">
      {shown.map(({ group, list }) => (
        <MyDayGroupList
          key={group}
          group={group}
          tasks={list}
          context={context}
          now={now}
          names={names}
          headingLevel={headingLevel}
        />
      ))}
    </div>
  );
}

function MyDayGroupList({
  group,
  tasks,
  context,
  now,
  names,
  headingLevel,
}: {
  readonly headingLevel: 2 | 3;
  readonly group: MyDayGroup;
  readonly tasks: readonly Task[];
  readonly context: TasksContext;
  readonly now: number;
  readonly names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section className={`my-day__group my-day__group--${group}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="my-day__heading">
        {t(GROUP_KEYS[group])} <span className="my-day__count">({tasks.length})</span>
      </Heading>
      <ul className="task-list" aria-labelledby={headingId}>
        {tasks.map((task) => (
          <TaskItem key={task.id} task={task} context={context} now={now} names={names} />
        ))}
      </ul>
    </section>
  );
}
