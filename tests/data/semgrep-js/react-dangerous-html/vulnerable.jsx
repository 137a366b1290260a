import React from 'react';

export function Comment({ comment }) {
  return (
    <div
      className="comment"
      // ruleid: vigil.js.react-dangerous-html
      dangerouslySetInnerHTML={{ __html: comment.body }}
    />
  );
}
