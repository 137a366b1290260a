const params = new URLSearchParams(window.location.search);
const name = params.get('name');

// ruleid: vigil.js.xss-dom
document.getElementById('greeting').innerHTML = '<b>Hello ' + name + '</b>';

// ruleid: vigil.js.xss-dom
document.write(`<p>${location.hash.slice(1)}</p>`);

const list = document.querySelector('#items');
// ruleid: vigil.js.xss-dom
list.insertAdjacentHTML('beforeend', `<li>${name}</li>`);

// A template literal with a substitution is not fixed text.
const card = document.querySelector('.card');
// ruleid: vigil.js.xss-dom
card.innerHTML = `<h2>${name}</h2>`;

// A property of another element that is not its serialised markup.
const field = document.querySelector('input');
// ruleid: vigil.js.xss-dom
card.innerHTML = field.value;
