/** Public surface of the comments feature (V1, seed 001 C1): a record's internal comment thread. */
export { CommentThread, type CommentRecord } from './components/comment-thread.tsx';
