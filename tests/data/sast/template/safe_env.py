import jinja2


def renderer(folder):
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=jinja2.select_autoescape()
    )
