import React from 'react';
import DOMPurify from 'dompurify';

export function Comment({ comment }) {
  return (
    <div
      className="comment"
      // ok: vigil.js.react-dangerous-html
      dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.body) }}
    />
  );
}

export function PlainComment({ comment }) {
  // ok: vigil.js.react-dangerous-html
  return <div className="comment">{comment.body}</div>;
}
