"""The web front: the gradio page (chat, helpdesk copilot, assessment form, knowledge admin) and the
JSON API, served together by :func:`assistant.web.server.create_app`. Importing starts nothing."""
