/** Where Compose found a problem in the files: the sentence, the file and line, and the lines around it. */
import type { ComposeProblem } from '../../../../engine/contract/compose-types';

export function ProblemView({ problem }: { problem: ComposeProblem }) {
  return (
    <div className="compose-problem" role="alert" data-testid="compose-problem">
      <div className="compose-problem__message">{problem.message}</div>
      {problem.file && (
        <div className="compose-problem__place mono" data-testid="compose-problem-place">
          {problem.file}
          {problem.line ? `, line ${problem.line}` : ''}
          {problem.column ? `, column ${problem.column}` : ''}
        </div>
      )}
      {problem.excerpt && (
        <pre className="compose-problem__excerpt">
          {problem.excerpt.map((l) => (
            <div key={l.line} className={l.line === problem.line ? 'compose-problem__line is-wrong' : 'compose-problem__line'} data-line={l.line}>
              <span className="compose-problem__number">{l.line}</span>
              {l.text || ' '}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
