/**
 * Public surface of the tasks feature (V1): the /taches screens and their navigation item, the
 * home screen's "Ma journée" card, a record's task list, the task form (quick action "plan next
 * step"), the in-app reminders, and the team list other features use for names and mentions.
 */
export { tasksRoutes } from './routes.tsx';
export { TASKS_PATHS, buildNewTaskPath, buildTaskPath, type NewTaskPreset } from './paths.ts';
export { useTasksNavigation } from './hooks/use-tasks-navigation.tsx';
export { MyDayTasks } from './components/my-day-tasks.tsx';
export { TaskList, type TaskListProps } from './components/task-list.tsx';
export { TaskForm, type TaskFormProps } from './components/task-form.tsx';
export { ReminderCenter } from './components/reminder-center.tsx';
export { useDueReminders, type DueReminders } from './hooks/use-due-reminders.ts';
export { useTeam, type Team } from './hooks/use-team.ts';
export type { TeamMember } from './queries.ts';
export type { TaskPreset } from './internal/draft.ts';
