{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "mesa.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name, unless it already contains the chart name. */}}
{{- define "mesa.fullname" -}}
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

{{- define "mesa.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mesa.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mesa.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "mesa.labels" -}}
helm.sh/chart: {{ include "mesa.chart" . }}
{{ include "mesa.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mesa
{{- end }}

{{- define "mesa.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* ConfigMap key of a tenant-config path: "funcion-publica/tenant.yaml" -> "funcion-publica__tenant.yaml". */}}
{{- define "mesa.tenantConfigKey" -}}
{{- . | replace "/" "__" }}
{{- end }}

{{- define "mesa.tenantConfigMapName" -}}
{{- if .Values.tenantConfig.existingConfigMap }}
{{- .Values.tenantConfig.existingConfigMap }}
{{- else }}
{{- printf "%s-tenant-config" (include "mesa.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The key -> path items of the tenant-config volume, as a YAML list. */}}
{{- define "mesa.tenantConfigItems" -}}
{{- if .Values.tenantConfig.existingConfigMap }}
{{- if not .Values.tenantConfig.items }}
{{- fail "tenantConfig.items must map the keys of tenantConfig.existingConfigMap to paths like <slug>/tenant.yaml" }}
{{- end }}
{{- range .Values.tenantConfig.items }}
- key: {{ required "tenantConfig.items[].key is required" .key | quote }}
  path: {{ required "tenantConfig.items[].path is required" .path | quote }}
{{- end }}
{{- else }}
{{- range $path := keys .Values.tenantConfig.files | sortAlpha }}
- key: {{ include "mesa.tenantConfigKey" $path | quote }}
  path: {{ $path | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Checksum of the tenant data, so that the pods roll when it changes. */}}
{{- define "mesa.tenantConfigChecksum" -}}
{{- if .Values.tenantConfig.existingConfigMap }}
{{- printf "%s|%s|%s" .Values.tenantConfig.existingConfigMap (toJson .Values.tenantConfig.items) .Values.tenantConfig.checksum | sha256sum }}
{{- else }}
{{- toJson .Values.tenantConfig.files | sha256sum }}
{{- end }}
{{- end }}

{{/* Every host the Ingress serves: the platform host, then each tenant's hosts, without repeats. */}}
{{- define "mesa.ingressHosts" -}}
{{- $hosts := list (required "platformHost is required" .Values.platformHost) }}
{{- range .Values.tenants }}
{{- $slug := required "tenants[].slug is required" .slug }}
{{- range required (printf "tenants[%s].hosts is required" $slug) .hosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- end }}
{{- toJson (uniq $hosts) }}
{{- end }}

{{/* An env var read from a key of an existing Secret: (list "NAME" "secret-name" "key"). */}}
{{- define "mesa.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 | quote }}
      key: {{ index . 2 | quote }}
{{- end }}
