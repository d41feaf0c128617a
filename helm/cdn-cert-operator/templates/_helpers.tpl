{{/* The chart name. */}}
{{- define "cdn-cert-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name: release-chart, unless the release name already holds the chart name. */}}
{{- define "cdn-cert-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "cdn-cert-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cdn-cert-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods. */}}
{{- define "cdn-cert-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cdn-cert-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount name. */}}
{{- define "cdn-cert-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cdn-cert-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The rules the operator needs on bindings, Secrets and Events, wherever it watches. */}}
{{- define "cdn-cert-operator.watchRules" -}}
- apiGroups: ["certsync.io"]
  resources: ["cdncertificatebindings"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["certsync.io"]
  resources: ["cdncertificatebindings/status"]
  verbs: ["patch", "update"]
- apiGroups: ["certsync.io"]
  resources: ["cdncertificatebindings/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
The watchNamespaces that exist, comma-separated. A Role cannot be created in a namespace that does
not exist (the whole install would fail), so those are left out until a helm upgrade after they are
created. lookup only answers against a cluster: under helm template it finds nothing, and then
every namespace is taken as existing.
*/}}
{{- define "cdn-cert-operator.existingWatchNamespaces" -}}
{{- $cluster := dict -}}
{{- if and .Values.watchNamespaces .Values.watchNamespacesLookup -}}
{{- $cluster = lookup "v1" "Namespace" "" "" -}}
{{- end -}}
{{- $names := list -}}
{{- range $ns := ($cluster.items | default list) -}}
{{- $names = append $names $ns.metadata.name -}}
{{- end -}}
{{- $existing := list -}}
{{- range $ns := .Values.watchNamespaces -}}
{{- if or (empty $names) (has $ns $names) -}}
{{- $existing = append $existing $ns -}}
{{- end -}}
{{- end -}}
{{- if and .Values.watchNamespaces (empty $existing) -}}
{{- fail (printf "none of watchNamespaces (%s) exists yet: create at least one, then install" (join ", " .Values.watchNamespaces)) -}}
{{- end -}}
{{- join "," $existing -}}
{{- end }}

{{/* The watchNamespaces that do not exist yet (see existingWatchNamespaces), comma-separated. */}}
{{- define "cdn-cert-operator.missingWatchNamespaces" -}}
{{- $existing := splitList "," (include "cdn-cert-operator.existingWatchNamespaces" .) -}}
{{- $missing := list -}}
{{- range $ns := .Values.watchNamespaces -}}
{{- if not (has $ns $existing) -}}
{{- $missing = append $missing $ns -}}
{{- end -}}
{{- end -}}
{{- join "," $missing -}}
{{- end }}
