package io.jenkins.plugins.registrygate.approvals;

/** What a reviewer asks for. */
public enum Vote { APPROVE, REJECT }
