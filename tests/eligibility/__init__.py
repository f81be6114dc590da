"""Tests of assistant.eligibility: YAML rule cases, the text parser, the CLI, the tool."""
